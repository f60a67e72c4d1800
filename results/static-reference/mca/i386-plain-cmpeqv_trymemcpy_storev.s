	mov %edx,%eax
	mov %ecx,%esi
	cmp %esi,(%eax)
	jne .Lout
	mov 0x10(%esp),%esi
	mov 0xc(%esp),%edi
	cmp 0x14(%esp),%esi
	je .Lb8051d50
	nop 
	nop 
.Lb8051d40:
	mov (%esi),%al
	mov %al,(%edi)
	add $0x1,%esi
	add $0x1,%edi
	cmp 0x14(%esp),%esi
	jne .Lb8051d40
.Lb8051d50:
	mov %edx,%eax
	mov %ebp,%esi
	mov %esi,(%eax)
.Lout:
