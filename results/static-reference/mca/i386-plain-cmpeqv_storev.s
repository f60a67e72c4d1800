	cmp %edx,(%eax)
	jne .Lout
	mov %ecx,(%eax)
.Lout:
