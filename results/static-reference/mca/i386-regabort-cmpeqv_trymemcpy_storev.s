	mov $0x80e5ef3,%ecx
	movl $0x804a33a,0x8(%edx)
	cmp %ebp,0x4(%ebx)
	jne .Lout
	mov 0x4(%esp),%eax
	mov (%esp),%esi
	cmp %esi,(%eax)
	jne .Lout
	mov 0xc(%esp),%esi
	mov 0x8(%esp),%edi
	cmp 0x10(%esp),%esi
	je .Lb804a330
	nop 
	nop 
	nop 
.Lb804a320:
	mov (%esi),%al
	mov %al,(%edi)
	add $0x1,%esi
	add $0x1,%edi
	cmp 0x10(%esp),%esi
	jne .Lb804a320
.Lb804a330:
	mov 0x4(%esp),%eax
	mov 0x14(%esp),%esi
	mov %esi,(%eax)
	movl $0x0,0x8(%edx)
.Lout:
